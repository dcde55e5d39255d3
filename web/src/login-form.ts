// The staff login form of a page that reloads once signed in (the dashboard, the rule book):
// #login-form with #login-email and #login-password; the refusal's status in #login-error.
const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

export function wireLoginForm(): void {
  $('login-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void (async () => {
      const res = await fetch('/api/auth/login', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: $<HTMLInputElement>('login-email').value, password: $<HTMLInputElement>('login-password').value }),
      });
      if (!res.ok) {
        $('login-error').textContent = `${res.status}`;
        return;
      }
      window.location.reload();
    })();
  });
}
