/** The report's file formats and file names (light: the CLI's help and flag checks use them). */
export const FORMATS = ['html', 'docx', 'pdf'] as const;
export type Format = (typeof FORMATS)[number];

/** "South Thornden" → "south-thornden" (file names). */
export function slug(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'area'
  );
}
