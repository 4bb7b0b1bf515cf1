using System;

namespace Engine.World;

/// <summary>
/// The stand-in a restored snapshot uses for a saved exception whose own type cannot be rebuilt faithfully (it has no
/// public constructor taking a message, or that constructor changes the message): it keeps the original type's name
/// and the message, inner exception and data. The original stack trace is in <see cref="Exception.Data"/> under
/// <c>"Engine.SavedStackTrace"</c>, as for every restored exception.
/// </summary>
public sealed class RestoredException : Exception
{
    /// <summary>Creates a stand-in for an exception of type <paramref name="originalType"/>.</summary>
    /// <param name="originalType">The full name of the saved exception's type.</param>
    /// <param name="message">The saved message.</param>
    /// <param name="innerException">The saved inner exception, or <see langword="null"/>.</param>
    public RestoredException(string originalType, string message, Exception? innerException)
        : base(message, innerException)
    {
        OriginalType = originalType;
    }

    /// <summary>The full name of the type of the exception that was saved.</summary>
    public string OriginalType { get; }

    /// <inheritdoc/>
    public override string ToString() => OriginalType + " (restored): " + base.ToString();
}
