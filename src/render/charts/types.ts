/** What every chart function returns. */
export interface ChartOutput {
  /** A complete, standalone SVG document (one root element), ready to inline or save. */
  svg: string;
  /** Plain-text description for alt text / screen readers (also in the SVG's <desc>). */
  alt: string;
  /** The chart title as given (also in the SVG's <title> and drawn at the top). */
  title: string;
}
