using Serverless.Diag.Probes;

namespace Serverless.Diag.Postgres;

/// <summary>
/// One diagnostic that is one query: its SQL, the paths it measures (absent, with the server's reason, when the
/// role may not run it), and how its rows become measurements, evidence and hints.
/// </summary>
internal sealed record DiagnosticSection(string Sql, string[] Paths, Action<List<object?[]>, ProbeResult, ProbeContext> Apply);
