using Npgsql;

namespace Serverless.Diag.Postgres;

/// <summary>
/// Reads the <c>connection</c> setting, either an Npgsql key/value string (<c>Host=...;Password=...</c>) or a
/// libpq URL (<c>postgres://user:password@host:5432/db?sslmode=require</c>), and makes the probe a good citizen
/// of the server it watches: no pool left behind, a recognisable application name, no type loading.
/// </summary>
internal static class PostgresConnectionString
{
    public const string ApplicationName = "serverless-diag";

    /// <summary>Parses without I/O. On failure <paramref name="error"/> says why without repeating the value.</summary>
    public static NpgsqlConnectionStringBuilder? TryParse(string text, out string? error)
    {
        error = null;
        try
        {
            var builder = IsUrl(text) ? FromUrl(text, out error) : new NpgsqlConnectionStringBuilder(text);
            if (builder is null)
            {
                return null;
            }

            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                error = "the connection names no host";
                return null;
            }

            return builder;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            error = $"the connection is not a valid PostgreSQL connection string or URL ({e.Message})";
            return null;
        }
    }

    /// <summary>The settings every probe connection uses, whatever the user wrote.</summary>
    public static string ForProbe(NpgsqlConnectionStringBuilder parsed, TimeSpan checkTimeout)
    {
        var builder = new NpgsqlConnectionStringBuilder(parsed.ConnectionString)
        {
            // A health checker that exhausts the pool it watches is a known complaint: one physical connection, closed after.
            Pooling = false,
            Multiplexing = false,
            Enlist = false,
            ApplicationName = ApplicationName,
            Timeout = WholeSeconds(checkTimeout, max: 1024),
            CommandTimeout = WholeSeconds(checkTimeout, max: int.MaxValue),
            CancellationTimeout = 2000,
            MaxAutoPrepare = 0,
        };
        return builder.ConnectionString;
    }

    /// <summary>A data source for one probe run. Nothing is pooled in it, so disposing it leaves nothing open.</summary>
    public static NpgsqlDataSource DataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);

        // Loading the server's type catalogue is a query of its own on every unpooled open; built-in types suffice.
        builder.ConfigureTypeLoading(t => t.EnableTypeLoading(false));
        return builder.Build();
    }

    private static int WholeSeconds(TimeSpan timeout, int max) => (int)Math.Clamp(Math.Ceiling(timeout.TotalSeconds), 1, max);

    private static bool IsUrl(string text) =>
        text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    private static NpgsqlConnectionStringBuilder? FromUrl(string url, out string? error)
    {
        error = null;
        var rest = url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var builder = new NpgsqlConnectionStringBuilder();

        var query = string.Empty;
        var queryAt = rest.IndexOf('?', StringComparison.Ordinal);
        if (queryAt >= 0)
        {
            query = rest[(queryAt + 1)..];
            rest = rest[..queryAt];
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            var database = Uri.UnescapeDataString(rest[(slash + 1)..]);
            if (database.Length > 0)
            {
                builder.Database = database;
            }

            rest = rest[..slash];
        }

        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = rest[..at];
            rest = rest[(at + 1)..];
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon >= 0 ? userInfo[..colon] : userInfo);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(userInfo[(colon + 1)..]);
            }
        }

        // host[:port][,host[:port]...] maps onto Npgsql's multi-host Host= as written.
        builder.Host = Uri.UnescapeDataString(rest);

        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq >= 0 ? pair[..eq] : pair);
            var value = eq >= 0 ? Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' ')) : string.Empty;
            if (!TrySet(builder, key, value))
            {
                error = $"the connection URL has a parameter Npgsql does not understand: '{key}'";
                return null;
            }
        }

        return builder;
    }

    private static bool TrySet(NpgsqlConnectionStringBuilder builder, string key, string value)
    {
        var npgsqlKey = key.ToLowerInvariant() switch
        {
            "sslmode" => "SSL Mode",
            "connect_timeout" => "Timeout",
            "target_session_attrs" => "Target Session Attributes",
            "sslrootcert" => "Root Certificate",
            "sslcert" => "SSL Certificate",
            "sslkey" => "SSL Key",
            "application_name" => null, // the probe names itself
            "options" => "Options",
            _ => key,
        };
        if (npgsqlKey is null)
        {
            return true;
        }

        if (npgsqlKey == "SSL Mode")
        {
            value = value.Replace("-", string.Empty, StringComparison.Ordinal); // verify-full -> VerifyFull
        }

        try
        {
            builder[npgsqlKey] = value;
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
