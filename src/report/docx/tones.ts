import type { TableCell } from '../model.ts';

export type Tone = NonNullable<TableCell['tone']>;

interface ToneStyle {
  /** printed before the text: the mark that survives greyscale and screen readers */
  mark: string;
  /** said in words when the text does not already say it */
  word: string;
  /** light tint behind the text (Okabe–Ito hues, light enough for black text) */
  fill?: string;
  bold?: boolean;
}

export const TONES: Record<Tone, ToneStyle> = {
  up: { mark: '\u25B2', word: 'significant increase', fill: 'F9DCCB' },
  down: { mark: '\u25BC', word: 'significant decrease', fill: 'D5E8F5' },
  neutral: { mark: '', word: 'within normal variation' },
  high: { mark: '', word: 'High', fill: 'F6C9AE', bold: true },
  medium: { mark: '', word: 'Medium', fill: 'FBE8BF' },
  low: { mark: '', word: 'Low', fill: 'D3EDE4' },
};

/** Key for tables whose arrows the renderer added. */
export const ARROW_KEY = `${TONES.up.mark} ${TONES.up.word}; ${TONES.down.mark} ${TONES.down.word}.`;

/**
 * The text of a toned value, so the tone is readable without colour: an arrow for a significant
 * change (unless the text has one), and the risk level in words when the value does not name it
 * ("12 (high risk)").
 */
export function tonedText(text: string, tone: Tone | undefined): string {
  if (!tone) return text;
  const style = TONES[tone];
  if (text.trim() === '') return style.mark ? `${style.mark} ${style.word}` : capitalise(style.word);
  if (style.mark) return text.includes(style.mark) ? text : `${style.mark} ${text}`;
  if (tone === 'neutral') return text;
  return text.toLowerCase().includes(style.word.toLowerCase()) ? text : `${text} (${style.word.toLowerCase()} risk)`;
}

/** Whether the renderer put an arrow in front of a value that did not say what it means. */
export function addsArrow(text: string, tone: Tone | undefined): boolean {
  return (tone === 'up' || tone === 'down') && !text.includes(TONES[tone].mark) && !text.includes(TONES[tone].word);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
