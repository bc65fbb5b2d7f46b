using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Serverless.Diag.TestKit.Targets;

namespace Serverless.Diag.TestKit.Auth;

/// <summary>
/// An API a flow logs into, as the guides' backends do: <c>POST /auth/login</c> answers a bearer token and sets a session
/// cookie; <c>/users/me</c> needs the token, <c>/session/me</c> the cookie; <c>/items</c> creates and deletes test objects and
/// records both, so a test can prove the clean-up ran; <c>/items/{id}/publish</c> fails on demand (the failing middle step).
/// </summary>
public sealed class FlowTarget : IAsyncDisposable
{
    public const string Email = "probe@example.test";
    public const string Password = "PW7#LOGIN!Q2@";

    private readonly ConcurrentDictionary<string, bool> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _sessions = new(StringComparer.Ordinal);
    private KestrelTarget _server = null!;
    private int _items;

    public Uri BaseAddress => _server.BaseAddress;

    /// <summary>Whether publishing answers 500.</summary>
    public bool PublishFails { get; set; }

    public ConcurrentQueue<string> Created { get; } = new();

    public ConcurrentQueue<string> Deleted { get; } = new();

    public ConcurrentQueue<string> IssuedTokens { get; } = new();

    public static async Task<FlowTarget> StartAsync()
    {
        var target = new FlowTarget();
        target._server = await KestrelTarget.StartAsync(app =>
        {
            app.MapPost("/auth/login", (Delegate)target.LoginAsync);
            app.MapGet("/users/me", (HttpRequest request) => target.HasToken(request)
                ? Results.Json(new { id = 7, email = Email })
                : Results.Json(new { detail = "Not authenticated" }, statusCode: 401));
            app.MapGet("/session/me", (HttpRequest request) => request.Cookies.TryGetValue("session", out var id) && target._sessions.ContainsKey(id)
                ? Results.Json(new { id = 7 })
                : Results.Json(new { detail = "no session" }, statusCode: 401));
            app.MapPost("/items", (HttpRequest request) =>
            {
                if (!target.HasToken(request))
                {
                    return Results.Json(new { detail = "Not authenticated" }, statusCode: 401);
                }

                var id = $"item-{Interlocked.Increment(ref target._items)}";
                target.Created.Enqueue(id);
                return Results.Json(new { id }, statusCode: 201);
            });
            app.MapPost("/items/{id}/publish", (string id) => target.PublishFails
                ? Results.Json(new { detail = "publish queue unavailable" }, statusCode: 500)
                : Results.Json(new { id, published = true }));
            app.MapDelete("/items/{id}", (string id, HttpRequest request) =>
            {
                if (!target.HasToken(request))
                {
                    return Results.Json(new { detail = "Not authenticated" }, statusCode: 401);
                }

                target.Deleted.Enqueue(id);
                return Results.NoContent();
            });
            app.MapGet("/echo", (HttpRequest request) => Results.Text(
                $"seen: {request.Headers.Authorization} {request.QueryString} {request.Headers.Cookie}", statusCode: 500));
        });
        return target;
    }

    public string Url(string path) => _server.Url(path);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private bool HasToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal) && _tokens.ContainsKey(header[7..]);
    }

    private async Task<IResult> LoginAsync(HttpContext context)
    {
        var login = await context.Request.ReadFromJsonAsync<Login>();
        if (login is not { Email: Email, Password: Password })
        {
            return Results.Json(new { detail = "Incorrect email or password" }, statusCode: 401);
        }

        var token = $"EYJ{Guid.NewGuid():N}".ToUpperInvariant() + "#T";
        var session = $"SID{Guid.NewGuid():N}".ToUpperInvariant();
        _tokens[token] = true;
        _sessions[session] = true;
        IssuedTokens.Enqueue(token);
        context.Response.Cookies.Append("session", session, new CookieOptions { HttpOnly = true, Path = "/" });
        return Results.Json(new { access_token = token, token_type = "bearer", user = new { id = 7 } });
    }

    private sealed record Login(string? Email, string? Password);
}
