using Serverless.Diag.Postgres;

namespace Serverless.Diag.Tests.Postgres;

public sealed class EvidenceTableTests
{
    [Fact]
    public void Columns_are_aligned_and_long_queries_flattened_and_cut()
    {
        var query = "SELECT *\n  FROM orders\n WHERE " + new string('x', 300);

        var text = EvidenceTable.Render(["pid", "query"], [["12", EvidenceTable.Cell(query, 40)], ["12345", "SELECT 1"]]);

        var lines = text.Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("pid    query", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("12     SELECT * FROM orders WHERE xxx", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("…", lines[1], StringComparison.Ordinal);
        Assert.Equal(7 + 40, lines[1].Length);
    }

    [Fact]
    public void Values_read_from_the_server_become_report_scalars()
    {
        Assert.Equal(10d, UserQuery.Scalar(10L));
        Assert.Equal(2.5d, UserQuery.Scalar(2.5m));
        Assert.Equal("stuck", UserQuery.Scalar("stuck"));
        Assert.Equal(true, UserQuery.Scalar(true));
        Assert.Null(UserQuery.Scalar(null));
        Assert.Equal(1500d, UserQuery.Scalar(TimeSpan.FromSeconds(1.5)));
        Assert.Equal("2026-01-02T03:04:05.0000000Z", UserQuery.Scalar(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc)));
    }
}
