using Serverless.Diag.Probes;
using V = Serverless.Diag.Postgres.PostgresVocabulary;

namespace Serverless.Diag.Postgres;

/// <summary>The check's own query (a queue size, stuck tasks...): its first cell is <c>query.value</c>, its row count <c>query.rows</c>.</summary>
internal static class UserQuery
{
    // Enough to count a sensible result; a query returning more is a query to fix, not to stream.
    private const int MaxRows = 10_000;

    public static async Task CollectAsync(PostgresSession session, ProbeResult result, string query)
    {
        // No savepoint: any failure of the user's query is reported as the check's error, with its SQLSTATE.
        var rows = await session.RowsAsync(query, MaxRows);
        result.Measurements.Set(V.QueryRows, rows.Count);
        if (rows.Count == 0 || rows[0].Length == 0)
        {
            result.Measurements.SetAbsent(V.QueryValue, "the query returned no rows");
            return;
        }

        result.Measurements.Set(V.QueryValue, Scalar(rows[0][0]));
    }

    /// <summary>Numbers as double, text and booleans as they are, times as ISO 8601, anything else as its text.</summary>
    internal static object? Scalar(object? value) => value switch
    {
        null => null,
        string or bool or double => value,
        short s => (double)s,
        int i => (double)i,
        long l => (double)l,
        float f => (double)f,
        decimal d => (double)d,
        TimeSpan t => t.TotalMilliseconds,
        DateTime dt => dt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        DateTimeOffset dto => dto.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
    };
}
