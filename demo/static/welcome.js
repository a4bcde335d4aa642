// The welcome page's script: hands the registration ticket to the prompt as a property, then forgets it.
const holder = document.getElementById('regain-ticket');
const prompt = document.getElementById('prompt');
if (holder && prompt) {
  const ticket = holder.dataset.ticket;
  holder.remove();
  // The element may not be defined yet (regain.js is deferred); a property set now is picked up on upgrade.
  prompt.ticket = ticket;
}
