// The background accepts messages only from its own pages (docs/design.md, "Streaming", point 7):
// the sender must be this extension, and the frame must be one of its pages — never a content
// script or a web page.

interface SenderLike {
  id?: string;
  url?: string;
}

export function isOwnExtensionPage(
  sender: SenderLike | undefined,
  extensionId: string,
  extensionOrigin: string,
): boolean {
  if (!sender || sender.id !== extensionId || typeof sender.url !== 'string') return false;
  return sender.url.startsWith(extensionOrigin);
}
