/**
 * Headless Chromium for the page and JupyterLab tests: Debian's `chromium`, driven by
 * playwright-core, with the flags this machine needs (no sandbox as root, no background
 * networking, WebGL through SwiftShader so 3-D figures render without a GPU).
 *
 * @module
 */
import { type Browser, chromium } from "playwright-core";

/** Where Debian installs Chromium; override with CHROMIUM_PATH. */
export const chromiumPath = Deno.env.get("CHROMIUM_PATH") ?? "/usr/bin/chromium";

/** Launch headless Chromium. */
export async function launchBrowser(): Promise<Browser> {
  try {
    await Deno.stat(chromiumPath);
  } catch {
    throw new Error(
      `Cannot start the browser tests: no Chromium at ${chromiumPath} (install Debian's chromium: apt-get install -y chromium)`,
    );
  }
  return await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
      "--use-angle=swiftshader",
      "--enable-unsafe-swiftshader",
      "--ignore-gpu-blocklist",
    ],
  });
}
