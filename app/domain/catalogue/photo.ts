/** Product photos: what we accept, recognised by content rather than by file name. */
export const PHOTO_TYPES = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
} as const;

export type PhotoType = keyof typeof PHOTO_TYPES;

/** A phone photo is 2–5 MB; beyond this it is slow on the public page for no gain. */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

export type PhotoCheck = { ok: true; type: PhotoType } | { ok: false; message: string };

const startsWith = (bytes: Uint8Array, prefix: readonly number[], offset = 0) =>
  prefix.every((byte, index) => bytes[offset + index] === byte);

export function checkPhoto(bytes: Uint8Array): PhotoCheck {
  if (bytes.length === 0) {
    return { ok: false, message: 'Choisissez une photo.' };
  }
  if (bytes.length > MAX_PHOTO_BYTES) {
    return { ok: false, message: 'La photo dépasse 5 Mo : réduisez-la avant de l’envoyer.' };
  }
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) {
    return { ok: true, type: 'image/jpeg' };
  }
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    return { ok: true, type: 'image/png' };
  }
  // RIFF....WEBP
  if (
    startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) &&
    startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)
  ) {
    return { ok: true, type: 'image/webp' };
  }
  return { ok: false, message: 'Format non pris en charge : envoyez une photo JPEG, PNG ou WebP.' };
}

/** Storage key of a product photo: a new name per upload, so caches never show an old one. */
export function productPhotoKey(options: { productId: string; unique: string; type: PhotoType }) {
  return `products/${options.productId}-${options.unique}.${PHOTO_TYPES[options.type]}`;
}

/** Keys we wrote ourselves: no path traversal, nothing else served from the uploads folder. */
export const PHOTO_KEY_PATTERN = /^products\/[0-9a-f-]{36}-[0-9a-z]{6,32}\.(jpg|png|webp)$/;
