using Npgsql;

namespace Serverless.Diag.Postgres;

/// <summary>
/// The probe's one connection, inside one read-only transaction. Each diagnostic runs in its own savepoint, so a
/// view the role may not read (or pg_stat_statements missing) costs that measurement only, not the whole check.
/// </summary>
internal sealed class PostgresSession(NpgsqlConnection connection, CancellationToken cancellationToken)
{
    // Prefixes every statement the probe sends, so pg_stat_statements evidence can leave the probe's own out.
    public const string Marker = "/* serverless-diag */ ";

    /// <summary>SQLSTATEs that mean "this diagnostic is not available to this role or database", not "the server is broken".</summary>
    private static readonly HashSet<string> Unavailable = new(StringComparer.Ordinal)
    {
        PostgresErrorCodes.InsufficientPrivilege,
        PostgresErrorCodes.UndefinedTable,
        PostgresErrorCodes.UndefinedFunction,
        PostgresErrorCodes.UndefinedColumn,
        PostgresErrorCodes.ObjectNotInPrerequisiteState,
    };

    public async Task BeginReadOnlyAsync(TimeSpan statementTimeout)
    {
        var statementMs = Math.Max(1, (long)statementTimeout.TotalMilliseconds);

        // A good citizen never queues behind an exclusive lock for long: that queue would block the application too.
        var lockMs = Math.Min(statementMs, 1000);
        await ExecuteAsync($"BEGIN TRANSACTION READ ONLY; SET LOCAL statement_timeout = {statementMs}; SET LOCAL lock_timeout = {lockMs}");
    }

    public Task RollbackAsync() => ExecuteAsync("ROLLBACK");

    public async Task ExecuteAsync(string sql)
    {
        await using var command = new NpgsqlCommand(Marker + sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<List<object?[]>> RowsAsync(string sql, params NpgsqlParameter[] parameters) =>
        await RowsAsync(sql, int.MaxValue, parameters);

    public async Task<List<object?[]>> RowsAsync(string sql, int maxRows, params NpgsqlParameter[] parameters)
    {
        await using var command = new NpgsqlCommand(Marker + sql, connection);
        command.Parameters.AddRange(parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<object?[]>();
        while (rows.Count < maxRows && await reader.ReadAsync(cancellationToken))
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = await reader.IsDBNullAsync(i, cancellationToken) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public async Task<object?[]?> RowAsync(string sql, params NpgsqlParameter[] parameters) =>
        (await RowsAsync(sql, 1, parameters)).FirstOrDefault();

    /// <summary>
    /// Runs <paramref name="work"/> in a savepoint. Returns null when it ran, or the server's reason when the
    /// diagnostic is unavailable here (permission denied, view missing, extension not loaded). Anything else escapes.
    /// </summary>
    public async Task<PostgresException?> GuardedAsync(Func<Task> work)
    {
        await ExecuteAsync("SAVEPOINT diag");
        try
        {
            await work();
            await ExecuteAsync("RELEASE SAVEPOINT diag");
            return null;
        }
        catch (PostgresException e) when (Unavailable.Contains(e.SqlState))
        {
            await ExecuteAsync("ROLLBACK TO SAVEPOINT diag");
            return e;
        }
    }
}
