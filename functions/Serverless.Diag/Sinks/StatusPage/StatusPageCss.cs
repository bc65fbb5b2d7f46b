namespace Serverless.Diag.Sinks.StatusPage;

/// <summary>
/// The page's only style sheet. Colours meet WCAG AA: text at 4.5:1 or more on its background, bars at 3:1 or more
/// against the page; no state is told by colour alone (every bar and status has words). Narrow screens: one column,
/// bars shrink to fit, the last 30 days only below 480px.
/// </summary>
internal static class StatusPageCss
{
    public const string Text = """
        :root { color-scheme: light; --text: #1f2328; --muted: #57606a; --page: #ffffff; --card: #f6f8fa; --line: #d0d7de;
          --up: #1a7f37; --degraded: #9a6700; --down: #cf222e; --none: #6e7781; --maintenance: #0969da; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--text); background: var(--page); }
        header, main, footer { max-width: 60rem; margin: 0 auto; padding: 1rem; }
        h1 { font-size: 1.75rem; margin: 0.5rem 0; }
        h2 { font-size: 1.25rem; margin: 1.5rem 0 0.5rem; }
        h3 { font-size: 1rem; margin: 0; overflow-wrap: anywhere; }
        a { color: #0550ae; }
        a:focus-visible { outline: 3px solid var(--maintenance); outline-offset: 2px; }
        .muted { color: var(--muted); }
        .overall { padding: 0.75rem 1rem; border-radius: 6px; font-weight: 600; color: #ffffff; margin: 0.5rem 0; }
        .overall-up { background: var(--up); }
        .overall-degraded { background: var(--degraded); }
        .overall-down { background: var(--down); }
        .overall-unknown { background: var(--none); }
        .checks, .incidents, .windows { list-style: none; margin: 0; padding: 0; }
        .check, .incident, .window { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 0.75rem 1rem; margin: 0 0 0.75rem; }
        .check-head { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 0.5rem; align-items: baseline; }
        .status { font-weight: 600; }
        .status-up { color: var(--up); }
        .status-degraded { color: var(--degraded); }
        .status-down { color: var(--down); }
        .status-unknown { color: var(--muted); }
        .status-maintenance { color: var(--maintenance); }
        .bars { display: flex; gap: 2px; list-style: none; margin: 0.5rem 0 0.25rem; padding: 0; height: 2rem; }
        .bar { flex: 1 1 0; min-width: 2px; border-radius: 2px; }
        .bar-none, .swatch-none { background: var(--none); }
        .bar-up, .swatch-up { background: var(--up); }
        .bar-degraded, .swatch-degraded { background: var(--degraded); }
        .bar-down, .swatch-down { background: var(--down); }
        .bar-maintenance, .swatch-maintenance { background: var(--maintenance); }
        .range { display: flex; justify-content: space-between; gap: 0.5rem; font-size: 0.875rem; color: var(--muted); margin: 0; }
        .legend { display: flex; flex-wrap: wrap; gap: 1rem; list-style: none; padding: 0; font-size: 0.875rem; }
        .swatch { display: inline-block; width: 0.9rem; height: 0.9rem; border-radius: 2px; vertical-align: -0.1rem; margin-right: 0.3rem; }
        .visually-hidden { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0; }
        @media (max-width: 480px) {
          body { font-size: 15px; }
          header, main, footer { padding: 0.75rem; }
          .bars { gap: 1px; }
          .bars > .bar:nth-child(-n+60) { display: none; }
          .range .since-90 { display: none; }
        }
        @media (min-width: 481px) { .range .since-30 { display: none; } }
        """;
}
