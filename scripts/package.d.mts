export function packageRelease(options: {
  root: string;
  out?: string;
}): Promise<{ chrome: string; firefox: string; source: string }>;
