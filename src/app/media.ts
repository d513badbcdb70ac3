import { join } from "node:path";
import { tenantFilesDir } from "../db/tenants";
import { createMediaService, type MediaService } from "../domain/media/service";
import type { App } from "./create-app";

export function wireMedia(app: Pick<App, "clock" | "audit" | "publicUrl" | "config">): MediaService {
  return createMediaService({
    clock: app.clock,
    audit: app.audit,
    publicUrl: app.publicUrl,
    folderOf: (orgId) => join(tenantFilesDir(app.config.dataDir, orgId), "media"),
  });
}
