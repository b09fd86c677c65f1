import { renderAsync } from '@resvg/resvg-js';
import { ImageRun, Paragraph } from 'docx';
import { SaferError } from '../../core/errors.ts';
import { MAX_IMAGE_HEIGHT_PX, STYLE, TEXT_WIDTH_PX } from './styles.ts';
import { clean } from './text.ts';

/** A chart rasterised for Word, which cannot be relied on to show SVG (Word 2016+ only, LibreOffice partly). */
export interface ChartImage {
  png: Buffer;
  /** the chart's own size in CSS pixels (the SVG's width and height) */
  width: number;
  height: number;
}

/** Pixels per CSS pixel: 2x keeps lines and 11px labels sharp in print at the text width. */
export const RASTER_SCALE = 2;

/**
 * SVG → PNG with resvg (prebuilt binary from npm; no browser, nothing downloaded). System fonts
 * are loaded so the chart text renders in the charts' font stack (Arial, Liberation Sans, …).
 */
export async function rasteriseChart(svg: string, title: string): Promise<ChartImage> {
  try {
    const image = await renderAsync(svg, {
      fitTo: { mode: 'zoom', value: RASTER_SCALE },
      background: '#ffffff',
      font: { loadSystemFonts: true, defaultFontFamily: 'Liberation Sans', sansSerifFamily: 'Liberation Sans' },
      logLevel: 'off',
    });
    return { png: image.asPng(), width: image.width / RASTER_SCALE, height: image.height / RASTER_SCALE };
  } catch (error) {
    throw new SaferError(`Could not turn the chart "${title}" into an image for Word`, {
      value: error instanceof Error ? error.message : String(error),
      hint: 'The chart SVG is not valid; this is a bug in the chart code.',
      code: 'E_CHART',
    });
  }
}

/** Size on the page in CSS pixels: the requested or own width, never wider than the text or taller than most of a page. */
export function displaySize(image: ChartImage, requestedWidth?: number): { width: number; height: number } {
  const ratio = image.height / image.width;
  let width = Math.min(requestedWidth && requestedWidth > 0 ? requestedWidth : image.width, TEXT_WIDTH_PX);
  if (width * ratio > MAX_IMAGE_HEIGHT_PX) width = MAX_IMAGE_HEIGHT_PX / ratio;
  return { width: Math.round(width), height: Math.round(width * ratio) };
}

/** The chart as an inline picture whose description is the chart's alt text. */
export function chartParagraph(image: ChartImage, alt: string, title: string, requestedWidth?: number): Paragraph {
  return new Paragraph({
    style: STYLE.figure,
    children: [
      new ImageRun({
        type: 'png',
        data: image.png,
        transformation: displaySize(image, requestedWidth),
        altText: { name: clean(title).slice(0, 250), title: clean(title), description: clean(alt) },
      }),
    ],
  });
}
