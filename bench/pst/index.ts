export { writePst } from './pst-writer.js';
export {
  generatePst,
  PST_GENERATOR_VERSION,
  type GeneratePstOptions,
  type GeneratePstResult,
} from './generate-pst.js';
export type * from './types.js';
