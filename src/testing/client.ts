import type { HttpServer } from "../http/server";

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  location: string | null;
}

/**
 * A browser-like client over `app.handle()`: keeps cookies, sends the CSRF token the way pages do
 * (hidden `_csrf` field for forms, X-CSRF-Token for htmx), and can follow redirects.
 */
export class TestClient {
  cookies = new Map<string, string>();

  constructor(
    private http: HttpServer,
    private origin = "http://localhost",
  ) {}

  get csrf(): string {
    return this.cookies.get("owlat_csrf") ?? "";
  }

  private store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = decodeURIComponent(pair!.slice(eq + 1).trim());
      const expired = /max-age=0/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line);
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(method: string, path: string, init: { form?: Record<string, string>; json?: unknown; headers?: Record<string, string>; csrf?: boolean; htmx?: boolean } = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...init.headers };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("; ");
    if (init.htmx) {
      headers["hx-request"] = "true";
      if (init.csrf !== false && this.csrf) headers["x-csrf-token"] = this.csrf;
    }
    let body: BodyInit | undefined;
    if (init.form) {
      const form = { ...(init.csrf === false || init.htmx ? {} : { _csrf: this.csrf }), ...init.form };
      body = new URLSearchParams(form).toString();
      headers["content-type"] = "application/x-www-form-urlencoded";
    } else if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers["content-type"] = "application/json";
      if (init.csrf !== false && this.csrf && !headers["x-csrf-token"]) headers["x-csrf-token"] = this.csrf;
    }
    const res = await this.http.handle(new Request(this.origin + path, { method, headers, body, redirect: "manual" }));
    this.store(res);
    return { status: res.status, headers: res.headers, text: await res.text(), location: res.headers.get("location") };
  }

  get = (path: string, init?: { headers?: Record<string, string>; htmx?: boolean }) => this.request("GET", path, init);
  post = (path: string, form: Record<string, string> = {}, init: { csrf?: boolean; htmx?: boolean; headers?: Record<string, string> } = {}) =>
    this.request("POST", path, { ...init, form });

  /** GET, following redirects (at most 5). */
  async follow(path: string): Promise<Reply & { url: string }> {
    let url = path;
    for (let i = 0; i < 5; i++) {
      const r = await this.get(url);
      if (r.status >= 300 && r.status < 400 && r.location) {
        url = r.location;
        continue;
      }
      return { ...r, url };
    }
    throw new Error(`too many redirects from ${path}`);
  }
}

/** Sets up the first owner through /setup and returns a signed-in client. */
export async function setupOwner(http: HttpServer, input = { email: "owner@example.com", password: "correct horse battery", name: "Olivia Owner", orgName: "Acme" }) {
  const client = new TestClient(http);
  await client.get("/setup");
  const res = await client.post("/setup", input);
  if (res.status !== 303) throw new Error(`setup failed: ${res.status} ${res.text.slice(0, 300)}`);
  return { client, slug: res.location!.split("/")[2]!, ...input };
}
