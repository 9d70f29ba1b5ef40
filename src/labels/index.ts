/** Label printing, printer-independent part: templates, escaping, GS1, logos, preview. */
export {
  escapeValue,
  fieldData,
  fhEscape,
  escapeCode128,
  escapeDataMatrix,
  type FieldContext,
} from './escape';
export { compileTemplate, STANDARD_PLACEHOLDERS, type LabelTemplate, type CompileOptions } from './template';
export { parseGs1, gs1Hri, gs1DataMatrix, gs1CheckDigit, type Gs1Element } from './gs1';
export { pngToGfa, logoToGfa, crc16Xmodem, clearLogoCache, type LogoOptions } from './logo';
export { renderLabelPng, closePreviewWorker, type PreviewOptions } from './preview';
