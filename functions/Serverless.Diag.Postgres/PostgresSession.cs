using Npgsql;

namespace Serverless.Diag.Postgres;

/// <summary>
/// The probe's one connection, inside one read-only transaction. Diagnostics run in a savepoint, so a view the role
/// may not read (or pg_stat_statements missing) costs those measurements only, not the whole check.
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

    /// <summary>Opens the probe's transaction: read-only, with its own statement timeout and a short lock timeout.</summary>
    public static IReadOnlyList<string> BeginReadOnlyCommands(TimeSpan statementTimeout)
    {
        var statementMs = Math.Max(1, (long)statementTimeout.TotalMilliseconds);

        // A good citizen never queues behind an exclusive lock for long: that queue would block the application too.
        var lockMs = Math.Min(statementMs, 1000);
        return ["BEGIN TRANSACTION READ ONLY", $"SET LOCAL statement_timeout = {statementMs}", $"SET LOCAL lock_timeout = {lockMs}"];
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
        return await ReadAsync(reader, maxRows);
    }

    public async Task<object?[]?> RowAsync(string sql, params NpgsqlParameter[] parameters) =>
        (await RowsAsync(sql, 1, parameters)).FirstOrDefault();

    /// <summary>
    /// Sends <paramref name="prefix"/>, then <paramref name="queries"/> inside a savepoint, in one round trip. Returns
    /// each query's rows, or the server's reason when a diagnostic is unavailable here (permission denied, view
    /// missing, extension not loaded): the savepoint is then rolled back and the transaction goes on. Anything else escapes.
    /// </summary>
    public async Task<(List<List<object?[]>>? Rows, PostgresException? Unavailable)> GuardedBatchAsync(IReadOnlyList<string> queries, IReadOnlyList<string> prefix)
    {
        await using var batch = new NpgsqlBatch(connection);
        foreach (var sql in prefix)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(Marker + sql));
        }

        batch.BatchCommands.Add(new NpgsqlBatchCommand(Marker + "SAVEPOINT diag"));
        foreach (var sql in queries)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(Marker + sql));
        }

        batch.BatchCommands.Add(new NpgsqlBatchCommand(Marker + "RELEASE SAVEPOINT diag"));
        try
        {
            var results = new List<List<object?[]>>();
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);

            // Npgsql steps over the statements that return no rows: one result set per query, in order.
            for (var i = 0; i < queries.Count; i++)
            {
                if (i > 0 && !await reader.NextResultAsync(cancellationToken))
                {
                    throw new InvalidOperationException($"expected {queries.Count} result sets, got {i}");
                }

                results.Add(await ReadAsync(reader, int.MaxValue));
            }

            while (await reader.NextResultAsync(cancellationToken))
            {
                // drain: RELEASE's completion (and any error it raises) arrives here
            }

            return (results, null);
        }
        catch (PostgresException e) when (Unavailable.Contains(e.SqlState))
        {
            await ExecuteAsync("ROLLBACK TO SAVEPOINT diag");
            return (null, e);
        }
    }

    private async Task<List<object?[]>> ReadAsync(NpgsqlDataReader reader, int maxRows)
    {
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
}
