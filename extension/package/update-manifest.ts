// The gupdate XML a self-hosted CRX is found through: Chrome fetches update_url and installs the codebase it names.

const xmlAttr = (s: string) =>
  s.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/**
 * One app, one updatecheck. `prodversionmin` keeps browsers older than CRX3-only Chrome (73) from fetching a
 * package they cannot read.
 */
export function updateManifestXml(
  appId: string,
  codebase: string,
  version: string,
  prodVersionMin = '73.0',
): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gupdate xmlns="http://www.google.com/update2/response" protocol="2.0">',
    `  <app appid="${xmlAttr(appId)}">`,
    `    <updatecheck codebase="${xmlAttr(codebase)}" version="${xmlAttr(version)}" prodversionmin="${xmlAttr(prodVersionMin)}" />`,
    '  </app>',
    '</gupdate>',
    '',
  ].join('\n');
}
