// How the console shows times: the browser's locale and zone, a dash for none.
export const when = (iso: string | null | undefined): string => (iso ? new Date(iso).toLocaleString() : '—');
