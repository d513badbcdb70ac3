import type { App } from "../../app/create-app";
import { AppError } from "../../lib/errors";
import { getOutboxMessage, listOutbox } from "../../domain/mail/outbox-mailer";
import { DevOutboxPage } from "../../../web/views/dev-outbox";
import type { Base } from "../base";
import { shellOf } from "../shell";

/** --dev only: the captured system mail (password resets, invitations…). Needs a signed-in user. */
export function devOutboxPages(r: Base, app: App): void {
  if (!app.config.dev) return;
  const guard = (user: unknown) => {
    if (!user) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
  };
  r.get("/dev/outbox", (ctx) => {
    guard(ctx.user);
    return <DevOutboxPage shell={shellOf(ctx, "Dev outbox")} messages={listOutbox(app.system)} open={null} />;
  });
  r.get("/dev/outbox/:id", (ctx) => {
    guard(ctx.user);
    const open = getOutboxMessage(app.system, ctx.params.id) ?? null;
    if (!open) throw new AppError("NOT_FOUND", "No such message.");
    return <DevOutboxPage shell={shellOf(ctx, "Dev outbox")} messages={listOutbox(app.system)} open={open} />;
  });
}
