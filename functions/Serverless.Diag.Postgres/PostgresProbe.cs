using Npgsql;
using Serverless.Diag.Probes;
using V = Serverless.Diag.Postgres.PostgresVocabulary;

namespace Serverless.Diag.Postgres;

/// <summary>
/// One connection (unpooled, application_name=serverless-diag), one read-only transaction with its own statement
/// and lock timeouts; closed before the probe returns. Never throws for the server's fault.
/// </summary>
internal sealed class PostgresProbe(PostgresProbeOptions options) : IProbe
{
    internal PostgresProbeOptions Options => options;

    public async Task<ProbeResult> RunAsync(ProbeContext context, CancellationToken cancellationToken)
    {
        var result = new ProbeResult();
        result.Measurements.Set(V.Connected, false);
        var stage = ErrorCause.Internal;
        try
        {
            await using var dataSource = PostgresConnectionString.DataSource(options.ConnectionString);
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            result.Measurements.Set(V.Connected, true);
            var session = new PostgresSession(connection, cancellationToken);

            var started = context.TimeProvider.GetTimestamp();
            await session.RowAsync(PostgresQueries.Ping);
            result.Measurements.Set(V.Latency, context.TimeProvider.GetElapsedTime(started));

            await PostgresDiagnostics.CollectAsync(session, result, context, options);
            await StatementDiagnostics.CollectAsync(session, result, context);
            if (options.Query is { } query)
            {
                stage = PostgresCauses.Query;
                await UserQuery.CollectAsync(session, result, query);
                stage = ErrorCause.Internal;
            }

            await session.RollbackAsync();
            await connection.CloseAsync();
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException or IOException or InvalidOperationException)
        {
            PostgresErrors.Classify(e, context.Timeout, stage).ApplyTo(result, context);
        }

        return result;
    }
}
