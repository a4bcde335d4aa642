// The console's frame: who is signed in, the navigation and the pages (preact-iso routes under /admin/).

import { useEffect, useState } from 'preact/hooks';
import { LocationProvider, Route, Router } from 'preact-iso';
import { Audit } from './audit.tsx';
import { consoleApi, type Me } from './console-client.ts';
import { Keys } from './keys.tsx';
import { Overview } from './overview.tsx';
import { PolicyPage } from './policy.tsx';
import { SignIn } from './sign-in.tsx';
import { User } from './user.tsx';
import { Users } from './users.tsx';

const UserRoute = ({ username }: { username: string }) => <User username={decodeURIComponent(username)} />;

function NotFound() {
  return (
    <>
      <h1>Not found</h1>
      <p>
        <a href="/admin/">Go to the overview</a>
      </p>
    </>
  );
}

export function ConsoleApp() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  useEffect(() => {
    void consoleApi.me().then((r) => setMe(r.ok ? r.data.me : null));
  }, []);
  if (me === undefined) return <p aria-busy="true">Loading…</p>;
  if (me === null) return <SignIn onSignedIn={setMe} />;
  return (
    <LocationProvider>
      <header class="bar">
        <span class="brand">Regain console</span>
        <nav aria-label="Console">
          <a href="/admin/">Overview</a>
          <a href="/admin/users">Users</a>
          {me.role === 'admin' && <a href="/admin/policy">Policy</a>}
          {me.role === 'admin' && <a href="/admin/audit">Audit</a>}
          {me.role === 'admin' && <a href="/admin/keys">API keys</a>}
        </nav>
        <span class="who">
          {me.displayName} ({me.role === 'admin' ? 'admin' : 'helpdesk'})
        </span>
        <button
          type="button"
          onClick={async () => {
            await consoleApi.signOut();
            setMe(null);
          }}
        >
          Sign out
        </button>
      </header>
      <main>
        <Router>
          <Route path="/admin/" component={Overview} />
          <Route path="/admin/users" component={Users} />
          <Route path="/admin/users/:username" component={UserRoute} />
          <Route path="/admin/policy" component={PolicyPage} />
          <Route path="/admin/audit" component={Audit} />
          <Route path="/admin/keys" component={Keys} />
          <Route default component={NotFound} />
        </Router>
      </main>
    </LocationProvider>
  );
}
