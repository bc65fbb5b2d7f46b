using System.Diagnostics.CodeAnalysis;
using Octokit;

namespace Serverless.Diag.GitHub.Api;

/// <summary>
/// Octokit reads its JSON by reflection and creates each <see cref="StringEnum{TEnum}"/> (a struct) with
/// <c>Activator.CreateInstance(type, text)</c>. Native AOT makes a constructor of a struct's generic instantiation
/// callable by reflection only when told, so the command line's binary would fail on the first issue it reads ("No
/// parameterless constructor defined for type StringEnum`1[ItemState]"). These are every instantiation in the models
/// the product reads (issues, comments, reactions, repository contents, errors and what they contain); a unit test
/// walks those models and fails when an Octokit upgrade adds one that is missing here. AotGitHubTests runs every call
/// in the binary.
/// </summary>
internal static class OctokitAotRoots
{
    // Any non-empty text (Octokit refuses an empty one): the values are never read. Each Keep<T> marks the
    // instantiation's constructors as reflection-callable; the instance makes it a constructed type.
    public static readonly IReadOnlyList<object> Instances =
    [
        Keep<StringEnum<AuthorAssociation>>(new("unknown")),
        Keep<StringEnum<ContentType>>(new("unknown")),
        Keep<StringEnum<ItemState>>(new("unknown")),
        Keep<StringEnum<ItemStateReason>>(new("unknown")),
        Keep<StringEnum<LockReason>>(new("unknown")),
        Keep<StringEnum<MergeableState>>(new("unknown")),
        Keep<StringEnum<ReactionType>>(new("unknown")),
        Keep<StringEnum<TeamPrivacy>>(new("unknown")),
    ];

    private static object Keep<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] T>(T value)
        where T : struct => value;
}
