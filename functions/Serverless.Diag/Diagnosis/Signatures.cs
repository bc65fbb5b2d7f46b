using System.Text.RegularExpressions;

namespace Serverless.Diag.Diagnosis;

/// <summary>
/// The failure texts the guides' stacks produce (SQLAlchemy, psycopg2/asyncpg, PostgreSQL, Redis, PyJWT and ASP.NET
/// JWT bearer, resolvers). Bounded: target text is matched with a timeout, never a backtracking blow-up.
/// </summary>
internal static partial class Signatures
{
    private const int TimeoutMs = 200;

    /// <summary>SQLAlchemy: <c>QueuePool limit of size 20 overflow 0 reached, connection timed out, timeout 30.00</c>.</summary>
    [GeneratedRegex(@"QueuePool limit of size (?<size>\d+) overflow (?<overflow>-?\d+) reached", RegexOptions.CultureInvariant, TimeoutMs)]
    public static partial Regex QueuePoolLimit();

    /// <summary>PostgreSQL refusing a connection: reserved slots, or <c>too many clients already</c> (SQLSTATE 53300), or MySQL's too many connections.</summary>
    [GeneratedRegex(@"remaining connection slots are reserved|too many clients already|too many connections|SQLSTATE 53300|\b53300\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMs)]
    public static partial Regex ServerConnectionsFull();

    /// <summary>Redis under maxmemory with nothing to evict: <c>OOM command not allowed when used memory &gt; 'maxmemory'</c>.</summary>
    [GeneratedRegex(@"OOM command not allowed", RegexOptions.CultureInvariant, TimeoutMs)]
    public static partial Regex RedisOom();

    /// <summary>A token refused for its expiry (PyJWT, jsonwebtoken, ASP.NET's IDX10223, RFC 6750's error_description).</summary>
    [GeneratedRegex(@"signature has expired|token (has )?expired|jwt expired|expired ?token|ExpiredSignature|IDX10223|token is expired|token expired at", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMs)]
    public static partial Regex TokenExpired();

    /// <summary>A token refused for its signature: signed with another key (PyJWT, jose, ASP.NET's IDX10503/IDX10511/IDX10517).</summary>
    [GeneratedRegex(@"signature verification failed|signature validation failed|invalid signature|signature is invalid|IDX10503|IDX10511|IDX10517|InvalidSignatureError|key ?id .{0,40}not found", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMs)]
    public static partial Regex TokenSignature();

    /// <summary>A resolver's "no such name" (NXDOMAIN) or "no record of that type" answer, as .NET reports it on Linux, Windows and macOS.</summary>
    [GeneratedRegex(@"Name or service not known|No such host is known|nodename nor servname provided|NXDOMAIN|No address associated with hostname|has no (A|AAAA) records", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMs)]
    public static partial Regex NameNotFound();

    /// <summary>A resolver that could not answer now (SERVFAIL, timeout): not evidence that the record is missing.</summary>
    [GeneratedRegex(@"Temporary failure in name resolution|try again|SERVFAIL|did not resolve within", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMs)]
    public static partial Regex NameTemporaryFailure();

    /// <summary>A breaker reported open in a status body: <c>"openai-api": {"state": "open"}</c>, <c>circuit breaker 'x' is open</c>, <c>circuit.breaker.open</c>.</summary>
    [GeneratedRegex(@"""(?<name>[\w.-]{1,80})""\s*:\s*\{[^{}]{0,200}?""(state|status)""\s*:\s*""open""|""name""\s*:\s*""(?<name3>[\w.-]{1,80})""[^{}]{0,200}?""(state|status)""\s*:\s*""open""|circuit[ -]breaker (?<name2>'[\w.-]{1,80}' )?(is )?open\b|circuit\.breaker\.open\b|""circuit(_state)?""\s*:\s*""open""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMs)]
    public static partial Regex BreakerOpen();

    /// <summary>An exception type at the start of a traceback's last line or in an error field: <c>KeyError: 'id'</c>, <c>System.NullReferenceException</c>.</summary>
    [GeneratedRegex(@"(?<![\w.])(?<type>(?:[A-Za-z_][\w]*\.){0,6}[A-Z][\w]*(?:Error|Exception))\b(?=\s*(?::|$|""|,|\(|\s))", RegexOptions.CultureInvariant, TimeoutMs)]
    public static partial Regex ExceptionType();
}
