using Stapper.Diagnostics;

namespace Stapper.Elaborate;

/// <summary>
/// Where and when a probe fires, resolved by a probe-point provider. Name is what pp() returns
/// (stap's canonical form, e.g. <c>timer.ms(10)</c>, <c>kernel.function("vfs_read").return</c>).
/// Optional: a site that fails to register at run time is skipped silently (<c>?</c>).
/// Each family's records sit in their own file beside this one (see ProbeFamilies).
/// </summary>
public abstract record ProbeSite(string Name, bool Optional, SourceSpan Span);
