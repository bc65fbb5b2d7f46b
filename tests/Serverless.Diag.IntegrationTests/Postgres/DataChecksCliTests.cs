using System.Text.Json;
using Npgsql;
using Serverless.Diag.IntegrationTests.Cli;
using Serverless.Diag.TestKit.Servers;

namespace Serverless.Diag.IntegrationTests.Postgres;

/// <summary>
/// postgres and redis checks through the real command line, in every output format: conditions found, evidence
/// and hints carried to the report, and the planted passwords nowhere in stdout or stderr.
/// </summary>
public sealed class DataChecksCliTests
{
    private const string PgPassword = "Pl4nted-cli-pg-S3cret";
    private const string RedisPassword = "Pl4nted-cli-redis-S3cret";
    private const string WrongPassword = "Pl4nted-cli-wrong-S3cret";

    private const string Config = """
        version: 1
        defaults:
          timeout: 15s
        environments:
          staging: {}
        checks:
          - name: database
            type: postgres
            connection: ${env:DATABASE_URL}
            expect:
              - connections.ratio < 80%
              - idle_in_transaction.count == 0
              - blocked.count == 0
          - name: database-wrong-password
            type: postgres
            connection: ${env:DATABASE_URL_WRONG}
            expect:
              - connected == true
          - name: cache
            type: redis
            connection: ${env:REDIS_URL}
            command: LLEN jobs
            expect:
              - roundtrip_ok == true
              - command.value < 10
              - memory.ratio < 80%
        """;

    [PostgresFact]
    public async Task Findings_reach_every_format_and_no_password_does()
    {
        ServerBinaries.Require(ServerBinaries.RedisMissing);
        await using var postgres = await PostgresServer.StartAsync(new PostgresServerOptions { Password = PgPassword });
        await using var redis = await RedisServer.StartAsync(new RedisServerOptions { Password = RedisPassword });
        await using var idle = new NpgsqlConnection(postgres.ConnectionString(applicationName: "diag-test-idle"));
        await idle.OpenAsync();
        await using (var begin = new NpgsqlCommand("BEGIN; SELECT 1", idle))
        {
            await begin.ExecuteNonQueryAsync();
        }

        var environment = new Dictionary<string, string>
        {
            ["DATABASE_URL"] = postgres.Url(),
            ["DATABASE_URL_WRONG"] = postgres.ConnectionString(password: WrongPassword),
            ["REDIS_URL"] = redis.Url(),
        };
        var config = CliHarness.WriteConfig(Config);
        try
        {
            var json = await CliHarness.RunAsync(environment, "run", "--config", config, "--format", "json");
            var markdown = await CliHarness.RunAsync(environment, "run", "--config", config, "--format", "markdown");
            var text = await CliHarness.RunAsync(environment, "run", "--config", config, "--format", "text");

            foreach (var outcome in new[] { json, markdown, text })
            {
                Assert.Equal(1, outcome.ExitCode);
                foreach (var secret in new[] { PgPassword, RedisPassword, WrongPassword })
                {
                    Assert.DoesNotContain(secret, outcome.Stdout, StringComparison.Ordinal);
                    Assert.DoesNotContain(secret, outcome.Stderr, StringComparison.Ordinal);
                }
            }

            using var report = JsonDocument.Parse(json.Stdout);
            var checks = report.RootElement.GetProperty("environments")[0].GetProperty("checks").EnumerateArray()
                .ToDictionary(c => c.GetProperty("name").GetString()!, c => c);

            var database = checks["database"];
            Assert.Equal("fail", database.GetProperty("status").GetString());
            Assert.Contains(database.GetProperty("evidence").EnumerateArray(), e => e.GetProperty("content").GetString()!.Contains("diag-test-idle", StringComparison.Ordinal));
            var hints = database.GetProperty("hints").EnumerateArray().Select(h => h.GetString()!).ToList();
            Assert.Contains(hints, h => h.Contains("idle_in_transaction_session_timeout", StringComparison.Ordinal));
            Assert.DoesNotContain(hints, h => h.Contains("cache hit ratio", StringComparison.Ordinal)); // not asserted: not this failure's next step

            var wrong = checks["database-wrong-password"];
            Assert.Equal("error", wrong.GetProperty("status").GetString());
            Assert.Contains("auth", wrong.GetProperty("error").ToString(), StringComparison.Ordinal);

            var cache = checks["cache"];
            Assert.Equal("fail", cache.GetProperty("status").GetString()); // memory.ratio is absent: no maxmemory
            Assert.Equal(0, cache.GetProperty("measurements").GetProperty("command.value").GetDouble());

            Assert.Contains("diag-test-idle", markdown.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(config);
        }
    }
}
