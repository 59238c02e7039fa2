import { render } from 'preact';
import { useState } from 'preact/hooks';
import { getToken, type Stats, setToken } from './api';
import { ErrorBox, Link, useApi, ViewHeading } from './components';
import { useLocation } from './router';
import { VIEWS } from './views/index';
import './style.css';

/** Asks for the server's token when the API answers 401; kept in this tab's session storage only. */
function TokenForm(props: { onSaved: () => void }) {
  const [value, setValue] = useState('');
  return (
    <form
      class="token-form"
      onSubmit={(e) => {
        e.preventDefault();
        setToken(value.trim() || null);
        props.onSaved();
      }}
    >
      <ViewHeading>This dossier wants a token</ViewHeading>
      <label>
        <span>Token (the one the server was started with)</span>
        <input type="password" autoComplete="off" value={value} onInput={(e) => setValue(e.currentTarget.value)} />
      </label>
      <button type="submit">Open</button>
    </form>
  );
}

function App() {
  const location = useLocation();
  const [tokenVersion, setTokenVersion] = useState(0);
  const stats = useApi<Stats>('/api/stats', { v: String(tokenVersion) });
  const match = VIEWS.map((view) => ({ view, params: view.match(location.path) })).find((m) => m.params !== null);
  document.title = match ? `${match.view.nav?.label ?? match.view.name} · dossier` : 'dossier';

  const needsToken = stats.error?.status === 401;
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <Link href="/search" class="brand">
          dossier
        </Link>
        <nav aria-label="Views">
          {VIEWS.filter((v) => v.nav).map((v) => (
            <Link
              key={v.name}
              href={v.nav?.href ?? '/'}
              aria-current={match?.view.name === v.name ? 'page' : undefined}
            >
              {v.nav?.label}
            </Link>
          ))}
        </nav>
        {stats.data && (
          <p class="stats">
            {stats.data.articles} articles · {stats.data.outlets} outlets · {stats.data.sources} sources
          </p>
        )}
      </header>
      <main id="main">
        {needsToken ? (
          <TokenForm onSaved={() => setTokenVersion((v) => v + 1)} />
        ) : stats.error && stats.error.status !== 401 && !getToken() && stats.error.status === 0 ? (
          <ErrorBox error={stats.error} />
        ) : match?.params ? (
          <div key={`${match.view.name}:${JSON.stringify(match.params)}:${tokenVersion}`}>
            {match.view.render(location, match.params)}
          </div>
        ) : (
          <section>
            <ViewHeading>Not found</ViewHeading>
            <p>
              Nothing here. <Link href="/search">Go to search</Link>.
            </p>
          </section>
        )}
      </main>
    </>
  );
}

const root = document.getElementById('app');
if (root) render(<App />, root);
