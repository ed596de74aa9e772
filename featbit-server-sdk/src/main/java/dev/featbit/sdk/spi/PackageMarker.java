package dev.featbit.sdk.spi;

/**
 * Not API: gives the package a type, which the module descriptor's {@code exports dev.featbit.sdk.spi} needs
 * while the package has no public type yet. Never instantiated.
 */
final class PackageMarker {
  private PackageMarker() {}
}
