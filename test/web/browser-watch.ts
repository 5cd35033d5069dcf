/**
 * What every browser test shares: Debian's chromium driven by playwright-core with the fixed
 * flags, contexts in which any request to another origin is aborted and listed (a test fails on
 * it), console errors and dialogs recorded (a dialog is a script that ran), and screenshots.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** The skip reason of a browser suite when chromium is absent, else false. */
export const chromiumSkip: string | false = existsSync(CHROMIUM)
  ? false
  : `no chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM)`;

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface ContextOptions {
  locale?: string;
  /** Viewport; 1280 × 860 by default. */
  width?: number;
  height?: number;
  /** 'UTC' by default; null leaves the machine's zone. */
  timezoneId?: string | null;
  acceptDownloads?: boolean;
  /** Called with the new page before it loads `url` (to listen to its first requests). */
  beforeLoad?: (page: Page) => void;
}

export interface OpenPage {
  context: BrowserContext;
  page: Page;
}

export class BrowserWatch {
  /** Requests that tried to leave the app's origin (aborted). */
  readonly foreign: string[] = [];
  /** Console errors and uncaught page errors. */
  readonly consoleErrors: string[] = [];
  /** Uncaught page errors only. */
  readonly pageErrors: string[] = [];
  /** Messages of dialogs that opened (dismissed): a script from content ran. */
  readonly dialogs: string[] = [];

  private constructor(
    readonly browser: Browser,
    private readonly shots: string | null,
  ) {}

  /** Starts chromium; screenshots go to `shots` (created) when given and not empty. */
  static async launch(shots: string | null = null): Promise<BrowserWatch> {
    const folder = shots === '' ? null : shots;
    if (folder !== null) mkdirSync(folder, { recursive: true });
    return new BrowserWatch(await chromium.launch({ executablePath: CHROMIUM, args: ARGS }), folder);
  }

  /** A context that may reach `origin` only, and a page in it that has gone to `url`. */
  async open(origin: string, url: string, options: ContextOptions = {}): Promise<OpenPage> {
    const zone = options.timezoneId === undefined ? 'UTC' : options.timezoneId;
    const context = await this.browser.newContext({
      viewport: { width: options.width ?? 1280, height: options.height ?? 860 },
      ...(options.locale === undefined ? {} : { locale: options.locale }),
      ...(zone === null ? {} : { timezoneId: zone }),
      ...(options.acceptDownloads === undefined ? {} : { acceptDownloads: options.acceptDownloads }),
    });
    await context.route(
      (u) => !u.href.startsWith(origin),
      async (route) => {
        this.foreign.push(route.request().url());
        await route.abort();
      },
    );
    const page = await context.newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'error') this.consoleErrors.push(msg.text());
    });
    page.on('pageerror', (e) => {
      this.consoleErrors.push(e.message);
      this.pageErrors.push(e.message);
    });
    page.on('dialog', (d) => {
      this.dialogs.push(d.message());
      void d.dismiss();
    });
    options.beforeLoad?.(page);
    await page.goto(url);
    return { context, page };
  }

  /** A screenshot of the viewport as `name`.png in the suite's folder. */
  async shot(page: Page, name: string, fullPage = false): Promise<void> {
    if (this.shots === null) throw new Error('BrowserWatch.launch was given no screenshot folder');
    await page.screenshot({ path: path.join(this.shots, `${name}.png`), fullPage });
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}
