const STORAGE_KEY = "soundmark.apiKey";

/** The API key the user typed last, kept in this browser's localStorage (never sent anywhere but this server). */
export function loadApiKey(storage: Storage = localStorage): string {
  return storage.getItem(STORAGE_KEY) ?? "";
}

export function saveApiKey(key: string, storage: Storage = localStorage): void {
  const trimmed = key.trim();
  if (trimmed) storage.setItem(STORAGE_KEY, trimmed);
  else storage.removeItem(STORAGE_KEY);
}
