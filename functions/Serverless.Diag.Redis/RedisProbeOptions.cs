using StackExchange.Redis;

namespace Serverless.Diag.Redis;

/// <param name="Configuration">The client options, already made a good citizen (see <see cref="RedisConnectionSettings.ForProbe"/>).</param>
/// <param name="Command">The check's own read-only command, or null.</param>
internal sealed record RedisProbeOptions(ConfigurationOptions Configuration, RedisCommand? Command);
