using Serverless.Diag.Configuration;
using Serverless.Diag.Probes.Http;
using Serverless.Diag.Probes.Kit;

namespace Serverless.Diag.Probes.WebSocket;

/// <summary>
/// The <c>websocket</c> check type: connects (ws:// or wss://), optionally sends a text message and waits
/// for the reply (<c>expect_reply</c>, default true when <c>send</c> is given).
/// </summary>
public sealed class WebSocketProbeFactory : IProbeFactory
{
    private static readonly string[] Schemes = ["ws", "wss"];

    public string Type => "websocket";

    public IReadOnlyCollection<string> SettingKeys { get; } = ["url", "send", "expect_reply", "headers", "auth", "insecure_skip_verify", "max_reply"];

    public MeasurementVocabulary Vocabulary => WebSocketVocabulary.Instance;

    public IProbe? Create(CheckSettings settings)
    {
        var url = TargetUrl.Read(settings, Schemes, out var userInfo);
        var send = settings.String("send");
        var expectReply = settings.Bool("expect_reply");
        var insecure = settings.Bool("insecure_skip_verify");
        var maxReply = settings.Size("max_reply");
        var headers = RequestHeaders.Read(settings);

        if (expectReply == true && !settings.Has("send"))
        {
            settings.Error("expect_reply", "'expect_reply' needs a message to 'send'");
        }

        if (maxReply is <= 0)
        {
            settings.Error("max_reply", "'max_reply' must be more than 0 bytes");
        }

        var auth = HttpAuthReader.ReadWithTokenSources(settings);
        var authorization = auth?.Header;
        if (auth is null && userInfo is { } credentials)
        {
            authorization = HttpAuthReader.Basic(settings.Secrets, credentials.User, credentials.Password);
        }

        if (settings.HasErrors || url is null || headers is null)
        {
            return null;
        }

        return new WebSocketProbe(new WebSocketProbeSettings(
            url,
            send,
            expectReply ?? send is not null,
            authorization is { } header ? [.. headers, header] : [.. headers],
            insecure ?? false,
            maxReply ?? 64 * 1024) { TokenSource = auth?.Source });
    }
}

internal sealed record WebSocketProbeSettings(
    Uri Url,
    string? Send,
    bool ExpectReply,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    bool InsecureSkipVerify,
    long MaxReply)
{
    /// <summary>Where the bearer token comes from when <c>auth</c> names a token source; asked before each connection.</summary>
    public Auth.ITokenSource? TokenSource { get; init; }
}
