/** What every chart function returns. */
export interface ChartOutput {
  /** A complete, standalone SVG document (one root element), ready to inline or save. */
  svg: string;
  /** Plain-text description for alt text / screen readers (also in the SVG's <desc>). */
  alt: string;
  /** The chart title as given (also in the SVG's <title> and drawn at the top). */
  title: string;
  /** The figures the chart is drawn from, as a table (the dashboard's "data as CSV"); absent for sparklines. */
  data?: ChartData;
}

/** A chart's figures: one header row, one row per point (month, bar or area). */
export interface ChartData {
  columns: string[];
  rows: (string | number | null)[][];
}
