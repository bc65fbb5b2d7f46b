using Serverless.Diag.Postgres;

namespace Serverless.Diag.Tests.Postgres;

public sealed class EvidenceTableTests
{
    [Fact]
    public void Columns_are_aligned_and_long_queries_flattened_and_cut()
    {
        var query = "SELECT *\n  FROM orders\n WHERE " + new string('x', 300);

        var text = EvidenceTable.Render(["pid", "query"], [["12", EvidenceTable.Cell(query, new Diag.Secrets.SecretRedactor(), 40)], ["12345", "SELECT 1"]]);

        var lines = text.Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("pid    query", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("12     SELECT * FROM orders WHERE xxx", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("…", lines[1], StringComparison.Ordinal);
        Assert.Equal(7 + 40, lines[1].Length);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(60)]
    [InlineData(150)]
    public void A_secret_in_a_query_text_is_masked_before_the_cell_is_cut_and_where_the_server_cut_it(int secretAt)
    {
        const string secret = "PgQ7#Z9!W2@vR5";
        var secrets = new Diag.Secrets.SecretRedactor();
        secrets.Add(secret);
        var query = "select * from users where api_key = '" + new string('x', secretAt) + secret + "' and 1 = 1";

        foreach (var max in new[] { secretAt + 40, secretAt + 45, 200 })
        {
            TestKit.Secrets.SecretLeaks.AssertAbsent(EvidenceTable.Query(query, secrets, max), [secret], fragment: 2);
        }

        // pg_stat_activity keeps only track_activity_query_size bytes: the text may end inside the secret.
        var cutByServer = new string('y', 100) + query[..(query.IndexOf(secret, StringComparison.Ordinal) + 5)];
        TestKit.Secrets.SecretLeaks.AssertAbsent(EvidenceTable.Query(cutByServer, secrets), [secret], fragment: 2);
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
