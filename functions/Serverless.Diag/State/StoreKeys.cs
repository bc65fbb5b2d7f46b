using System.Globalization;
using System.Text;

namespace Serverless.Diag.State;

/// <summary>
/// Environment and check names as store keys and file names: letters, digits and <c>-_.~</c> stay, every other
/// byte of the UTF-8 becomes <c>%XX</c>. Table keys forbid <c>/ \ # ?</c>, file names forbid <c>/</c>, and an
/// escaped name never contains the <c>|</c> that separates key parts.
/// </summary>
public static class StoreKeys
{
    public static string Escape(string name)
    {
        if (name.Length > 0 && name.All(IsKept))
        {
            return name;
        }

        var text = new StringBuilder(name.Length + 8);
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            var c = (char)b;
            if (b < 0x80 && IsKept(c))
            {
                text.Append(c);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return text.Length == 0 ? "%" : text.ToString();
    }

    public static string Unescape(string key) => key == "%" ? string.Empty : Uri.UnescapeDataString(key);

    /// <summary>Ticks counting down, fixed width: newer rows sort first in an ordered key space.</summary>
    public static string InvertedTicks(DateTimeOffset time) =>
        (DateTime.MaxValue.Ticks - time.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>The UTC day a history row belongs to; history is kept and deleted a day at a time.</summary>
    public static string Day(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static bool IsKept(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~';
}
