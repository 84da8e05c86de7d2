/**
 * JupyterLab for the browser tests, started the way a reader starts it: `make lab`.
 *
 * {@linkcode startLab} runs `make lab` (so the venv, the Makefile's JUPYTER_* variables, the
 * 127.0.0.1 address and the landing page are exactly a reader's) with a free port, a token it
 * generates (JUPYTER_TOKEN), the folder to serve (LAB_DIR) and, so that a test run leaves nothing
 * behind in the project's .cache/, its own JupyterLab user-settings and workspaces folders. It
 * waits until the server answers GET /api/status with that token. {@linkcode LabServer.stop}
 * shuts the kernels down through the API, then stops the server (the whole process group that
 * `make` started) and waits for it to exit; SIGINT or SIGTERM on the test stops it too.
 *
 * @module
 */

const root = new URL("..", import.meta.url).pathname.replace(/\/$/, "");

/** How to start JupyterLab (see {@linkcode startLab}). */
export interface StartLabOptions {
  /** The folder JupyterLab serves (LAB_DIR); it must lie inside the project, for deno.json. */
  notebooks: string;
  /** A scratch folder for JupyterLab's user settings and workspaces (removed by the caller). */
  stateDir: string;
  /** How long to wait for the server to answer, in ms. Default 90 000. */
  timeoutMs?: number;
}

/** A running JupyterLab. */
export interface LabServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  base: string;
  port: number;
  token: string;
  /** Everything the server printed so far (stdout and stderr), for failure messages. */
  log(): string;
  /** GET or DELETE a server API path (e.g. "/api/kernels") with the token. */
  api(path: string, method?: "GET" | "DELETE"): Promise<Response>;
  /** Shut down the kernels, stop the server and wait for it to exit. Safe to call twice. */
  stop(): Promise<void>;
}

/** A TCP port that nothing listens on right now. */
function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** 32 random bytes as hex: the server's token. */
function newToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Wait for a promise with a time limit; resolves to undefined when the time is up. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Start JupyterLab with `make lab` and wait until it answers.
 *
 * @param options The folder to serve, a scratch folder, the time limit.
 * @returns The running server.
 * @throws {Error} If the server exits or does not answer in time (with its log).
 */
export async function startLab(options: StartLabOptions): Promise<LabServer> {
  const timeoutMs = options.timeoutMs ?? 90_000;
  const port = freePort();
  const token = newToken();
  const base = `http://127.0.0.1:${port}`;
  // `setsid` makes make the leader of a new process group, so stop() reaches jupyter through it.
  const child = new Deno.Command("setsid", {
    args: [
      "make",
      "--no-print-directory",
      "-C",
      root,
      "lab",
      `PORT=${port}`,
      `LAB_DIR=${options.notebooks}`,
      `JUPYTERLAB_SETTINGS_DIR=${options.stateDir}/user-settings`,
      `JUPYTERLAB_WORKSPACES_DIR=${options.stateDir}/workspaces`,
      // Fail instead of moving to another port if the free port was taken meanwhile.
      "LAB_ARGS=--ServerApp.port_retries=0",
    ],
    env: { JUPYTER_TOKEN: token },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();

  let output = "";
  const decoder = new TextDecoder();
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    for await (const chunk of stream) {
      output += decoder.decode(chunk, { stream: true });
      if (output.length > 200_000) output = output.slice(-100_000);
    }
  };
  const pumps = Promise.all([pump(child.stdout), pump(child.stderr)]);
  let exited = false;
  const status = child.status.then((s) => {
    exited = true;
    return s;
  });

  const api = (path: string, method: "GET" | "DELETE" = "GET") =>
    fetch(`${base}${path}`, { method, headers: { Authorization: `token ${token}` } });

  // Interrupted (Ctrl-C, a CI timeout): stop the server's process group too, then exit.
  const onSignal = () => {
    try {
      Deno.kill(-child.pid, "SIGTERM");
    } catch {
      // already exited
    }
    Deno.exit(130);
  };
  Deno.addSignalListener("SIGINT", onSignal);
  Deno.addSignalListener("SIGTERM", onSignal);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    Deno.removeSignalListener("SIGINT", onSignal);
    Deno.removeSignalListener("SIGTERM", onSignal);
    if (!exited) {
      // Kernels run in their own sessions: shut them down through the server first.
      try {
        const kernels = await (await api("/api/kernels")).json() as { id: string }[];
        await Promise.all(
          kernels.map(async (k) => (await api(`/api/kernels/${k.id}`, "DELETE")).body?.cancel()),
        );
      } catch {
        // the server is already gone
      }
      try {
        Deno.kill(-child.pid, "SIGTERM");
      } catch {
        // already exited
      }
      if (!(await within(status, 20_000))) {
        try {
          Deno.kill(-child.pid, "SIGKILL");
        } catch {
          // already exited
        }
        await status;
      }
    }
    await pumps;
  };

  const started = performance.now();
  try {
    while (true) {
      if (exited) {
        throw new Error(`JupyterLab exited before answering (code ${(await status).code})`);
      }
      try {
        const response = await api("/api/status");
        await response.body?.cancel();
        if (response.ok) break;
      } catch {
        // not listening yet
      }
      if (performance.now() - started > timeoutMs) {
        throw new Error(
          `JupyterLab did not answer ${base}/api/status within ${timeoutMs / 1000} s`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } catch (error) {
    await stop();
    throw new Error(
      `Cannot start JupyterLab with \`make lab\`: ${(error as Error).message}\n${output}`,
    );
  }
  return { base, port, token, log: () => output, api, stop };
}
