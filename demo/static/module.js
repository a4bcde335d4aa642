// The ES module entry in use: imports mountReset from the service's regain.mjs and mounts it into the page's element.
const host = document.getElementById('reset-here');
if (host) {
  const api = host.dataset.api;
  import(`${api}/widget/regain.mjs`).then(({ mountReset }) => mountReset(host, { api }));
}
