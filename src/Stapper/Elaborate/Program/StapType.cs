namespace Stapper.Elaborate;

/// <summary>SystemTap's value types. Void is a call with no value (print, a function that returns nothing).</summary>
public enum StapType
{
    Unknown,
    Long,
    String,
    Stats,
    Void,
}
