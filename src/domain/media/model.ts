export const MEDIA_MAX_BYTES = 20 * 1024 * 1024;

export interface MediaAsset {
  id: string;
  fileName: string;
  mime: string;
  ext: string;
  bytes: number;
  alt: string;
  tags: string[];
  createdAt: number;
  /** Absolute URL used in email HTML. */
  url: string;
  kind: "image" | "document" | "video" | "audio";
}

/** What may be uploaded, by detected content type (never by the name or the browser's claim). */
export const ALLOWED: Record<string, { ext: string; kind: MediaAsset["kind"] }> = {
  "image/jpeg": { ext: "jpg", kind: "image" },
  "image/png": { ext: "png", kind: "image" },
  "image/gif": { ext: "gif", kind: "image" },
  "image/webp": { ext: "webp", kind: "image" },
  "image/svg+xml": { ext: "svg", kind: "image" },
  "application/pdf": { ext: "pdf", kind: "document" },
  "video/mp4": { ext: "mp4", kind: "video" },
  "video/webm": { ext: "webm", kind: "video" },
  "video/quicktime": { ext: "mov", kind: "video" },
  "audio/mpeg": { ext: "mp3", kind: "audio" },
  "audio/ogg": { ext: "ogg", kind: "audio" },
  "audio/wav": { ext: "wav", kind: "audio" },
  "audio/x-wav": { ext: "wav", kind: "audio" },
};

export const kindOf = (mime: string) => ALLOWED[mime]?.kind ?? "document";
