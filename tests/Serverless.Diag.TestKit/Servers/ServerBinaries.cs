using Xunit;

namespace Serverless.Diag.TestKit.Servers;

/// <summary>
/// Finds the PostgreSQL and Redis binaries the integration tests start. A missing binary fails the test in CI
/// (CI=true: .ci/run installs them) and skips it locally with a message saying what to install.
/// </summary>
public static class ServerBinaries
{
    public static bool InCi => string.Equals(System.Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The folder holding initdb, pg_ctl and postgres: $PG_BIN, else the newest /usr/lib/postgresql/N/bin.</summary>
    public static string? PostgresBin
    {
        get
        {
            var configured = System.Environment.GetEnvironmentVariable("PG_BIN");
            if (!string.IsNullOrEmpty(configured))
            {
                return HasPostgres(configured) ? configured : null;
            }

            const string root = "/usr/lib/postgresql";
            if (!Directory.Exists(root))
            {
                return null;
            }

            return Directory.GetDirectories(root)
                .Select(d => (Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0, Bin: Path.Combine(d, "bin")))
                .Where(d => HasPostgres(d.Bin))
                .OrderByDescending(d => d.Version)
                .Select(d => d.Bin)
                .FirstOrDefault();
        }
    }

    public static string? RedisServer => FindOnPath("redis-server");

    public static string? PostgresMissing => PostgresBin is null
        ? "PostgreSQL server binaries not found (apt-get install postgresql, or set PG_BIN to the folder holding initdb and pg_ctl)"
        : null;

    public static string? RedisMissing => RedisServer is null ? "redis-server not found on PATH (apt-get install redis-server)" : null;

    /// <summary>Called by a launcher before it starts: fails loudly in CI, where a skipped database test would hide a broken install.</summary>
    public static void Require(string? missing)
    {
        if (missing is not null)
        {
            Assert.Fail(InCi ? $"{missing}; CI must install it (.ci/run)" : missing);
        }
    }

    private static bool HasPostgres(string bin) =>
        File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")) && File.Exists(Path.Combine(bin, "postgres"));

    private static string? FindOnPath(string name) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin").Append("/usr/sbin")
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
