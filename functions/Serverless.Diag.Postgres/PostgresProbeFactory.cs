using Serverless.Diag.Configuration;
using Serverless.Diag.Probes;

namespace Serverless.Diag.Postgres;

/// <summary>The <c>postgres</c> check: connection saturation, long-running and blocked queries, idle transactions, cache, replication, slow statements.</summary>
public sealed class PostgresProbeFactory : IProbeFactory
{
    public const string Connection = "connection";
    public const string Query = "query";
    public const string LongRunningThreshold = "long_running_threshold";
    public const string StatementTimeout = "statement_timeout";

    private static readonly TimeSpan DefaultLongRunningThreshold = TimeSpan.FromSeconds(30);

    public string Type => "postgres";

    public IReadOnlyCollection<string> SettingKeys { get; } = [Connection, Query, LongRunningThreshold, StatementTimeout];

    public MeasurementVocabulary Vocabulary => PostgresVocabulary.Instance;

    public IProbe? Create(CheckSettings settings)
    {
        var valid = true;
        var connection = settings.Secret(Connection, required: true);
        var query = settings.String(Query);
        var threshold = settings.Duration(LongRunningThreshold);
        var statementTimeout = settings.Duration(StatementTimeout);
        var checkTimeout = settings.Check.Timeout;

        string? connectionString = null;
        if (connection is null)
        {
            valid = false;
        }
        else if (PostgresConnectionString.TryParse(connection, out var error) is { } parsed)
        {
            connectionString = PostgresConnectionString.ForProbe(parsed, checkTimeout);
            settings.Secrets.Add(connectionString);
        }
        else
        {
            settings.Error(Connection, settings.Secrets.Redact(error!));
            valid = false;
        }

        if (query is not null && string.IsNullOrWhiteSpace(query))
        {
            settings.Error(Query, "'query' is empty");
            valid = false;
        }

        if (settings.Has(LongRunningThreshold) && threshold is null)
        {
            valid = false;
        }
        else if (threshold is { } t && t <= TimeSpan.Zero)
        {
            settings.Error(LongRunningThreshold, "'long_running_threshold' must be longer than 0s");
            valid = false;
        }

        if (settings.Has(StatementTimeout) && statementTimeout is null)
        {
            valid = false;
        }
        else if (statementTimeout is { } st && (st <= TimeSpan.Zero || st >= checkTimeout))
        {
            settings.Error(StatementTimeout, $"'statement_timeout' must be above 0s and below the check's timeout ({Units.FormatDuration(checkTimeout)}), not {Units.FormatDuration(st)}");
            valid = false;
        }

        if (!valid)
        {
            return null;
        }

        return new PostgresProbe(new PostgresProbeOptions(
            connectionString!,
            query,
            threshold ?? DefaultLongRunningThreshold,
            statementTimeout ?? DefaultStatementTimeout(checkTimeout)));
    }

    /// <summary>Below the check timeout, so the server cancels a slow statement and the probe still reports what it saw.</summary>
    internal static TimeSpan DefaultStatementTimeout(TimeSpan checkTimeout) =>
        checkTimeout * 0.8;
}
