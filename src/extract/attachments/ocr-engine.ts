import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * OCR through tesseract.js-core (the WebAssembly build of Tesseract 5 that tesseract.js
 * ships), driven directly in the calling thread, with the Norwegian and English LSTM models
 * of @tesseract.js-data/nor and @tesseract.js-data/eng read from node_modules.
 *
 * Why not tesseract.js's createWorker: it spawns a thread of its own per engine (outside our
 * pool's timeout and memory cap); it takes one `langPath` for all languages while nor and
 * eng live in two packages; its work-around for that (language objects with their data)
 * passes the data as the language name to Tesseract's Init, and the failure then throws an
 * uncaught TypeError inside tesseract.js (tesseract.js 7.0.0). Driving the core directly
 * involves no URL at all: the core reads its .wasm with fs, the models are written into
 * its in-memory file system, nothing is fetched and nothing is cached on disk.
 */

/** The part of the emscripten module of tesseract.js-core that we use. */
interface TessModule {
  FS: {
    mkdir(path: string): void;
    writeFile(path: string, data: Uint8Array | string): void;
    unlink(path: string): void;
  };
  TessBaseAPI: new () => TessApi;
}

interface TessApi {
  Init(dataPath: string, languages: string, oem: number): number;
  /** Reads the image written to /input (Leptonica decodes it); 1 when it cannot. */
  SetImageFile(exifOrientation: number, angle: number): number;
  SetSourceResolution(ppi: number): void;
  Recognize(monitor: null): number;
  GetUTF8Text(): string;
  MeanTextConf(): number;
  Clear(): void;
}

type CoreFactory = (moduleOverrides: Record<string, unknown>) => Promise<TessModule>;

/** Languages, most likely first (Tesseract breaks ties in favour of the first). */
export const OCR_LANGUAGES = ['nor', 'eng'] as const;
/** Tesseract's OEM_LSTM_ONLY: the models shipped in the _best_int folders are LSTM-only. */
const OEM_LSTM_ONLY = 1;
/** The model folder inside each @tesseract.js-data package (what tesseract.js uses for LSTM). */
const MODEL_FOLDER = '4.0.0_best_int';

export interface OcrText {
  text: string;
  /** Tesseract's mean word confidence, 0–100. */
  confidence: number;
}

/** Thrown when Leptonica cannot decode the image (not an image, or a variant it lacks). */
export class OcrImageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OcrImageError';
  }
}

let engine: Promise<{ module: TessModule; api: TessApi }> | null = null;
/** Tesseract's own messages (warnings on odd images); kept short, used in errors. */
let lastMessages: string[] = [];

/** The engine of this thread, created on first use (about half a second, ~100 MB). */
function getEngine(): Promise<{ module: TessModule; api: TessApi }> {
  engine ??= createEngine().catch((e: unknown) => {
    engine = null;
    throw e;
  });
  return engine;
}

async function createEngine(): Promise<{ module: TessModule; api: TessApi }> {
  // Resolved from tesseract.js, whose dependency tesseract.js-core is, so that the core is
  // found wherever npm placed it.
  const require = createRequire(import.meta.url);
  const fromTesseract = createRequire(require.resolve('tesseract.js'));
  const factory = loadCore(fromTesseract);
  const note = (s: string): void => {
    lastMessages.push(s);
    if (lastMessages.length > 20) lastMessages.shift();
  };
  const module = await factory({ print: note, printErr: note });
  module.FS.mkdir('/tessdata');
  for (const lang of OCR_LANGUAGES) {
    const dir = path.dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`));
    const gz = readFileSync(path.join(dir, MODEL_FOLDER, `${lang}.traineddata.gz`));
    module.FS.writeFile(`/tessdata/${lang}.traineddata`, gunzipSync(gz));
  }
  const api = new module.TessBaseAPI();
  if (api.Init('/tessdata', OCR_LANGUAGES.join('+'), OEM_LSTM_ONLY) !== 0)
    throw new Error(`Tesseract could not load its models: ${lastMessages.join(' ')}`);
  return { module, api };
}

/** The SIMD build (Node ≥ 16.4 has WebAssembly SIMD); the plain one if SIMD is missing. */
function loadCore(req: NodeJS.Require): CoreFactory {
  // wasm-feature-detect's SIMD probe: a function using i8x16.splat and i8x16.popcnt. (The
  // WebAssembly global is typed by lib.dom, which the server build does not include.)
  const wasm = (globalThis as unknown as { WebAssembly: { validate(bytes: Uint8Array): boolean } })
    .WebAssembly;
  const simd = wasm.validate(
    new Uint8Array([
      0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253,
      98, 11,
    ]),
  );
  return req(
    simd ? 'tesseract.js-core/tesseract-core-simd-lstm.js' : 'tesseract.js-core/tesseract-core-lstm.js',
  ) as CoreFactory;
}

/**
 * The text of one image: encoded bytes Leptonica reads (PNG, JPEG, GIF, TIFF's first page,
 * BMP, WebP, PNM). `ppi` is the resolution when known (rendered pages); `orientation` the
 * EXIF orientation (1–8) of a photo. Throws OcrImageError when the image cannot be decoded.
 */
export async function recognise(
  image: Uint8Array,
  options: { ppi?: number; orientation?: number } = {},
): Promise<OcrText> {
  const { module, api } = await getEngine();
  lastMessages = [];
  module.FS.writeFile('/input', image);
  try {
    if (api.SetImageFile(options.orientation ?? 1, 0) === 1)
      throw new OcrImageError(
        `the OCR engine cannot decode this image${lastMessages.length ? `: ${lastMessages.join(' ')}` : ''}`,
      );
    if (options.ppi !== undefined) api.SetSourceResolution(Math.round(options.ppi));
    api.Recognize(null);
    return { text: api.GetUTF8Text(), confidence: api.MeanTextConf() };
  } finally {
    api.Clear();
    module.FS.unlink('/input');
  }
}

/** A grey-scale raster (one byte a pixel, 0 black), e.g. a rendered PDF page. */
export interface GreyRaster {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A raster as a binary PGM (Netpbm P5), the simplest format Leptonica reads. */
export function encodePgm(r: GreyRaster): Uint8Array {
  const header = Buffer.from(`P5\n${r.width} ${r.height}\n255\n`, 'latin1');
  const out = new Uint8Array(header.length + r.data.length);
  out.set(header, 0);
  out.set(r.data, header.length);
  return out;
}
