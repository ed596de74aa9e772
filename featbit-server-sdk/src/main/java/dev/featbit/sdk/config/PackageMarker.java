package dev.featbit.sdk.config;

/**
 * Not API: gives the package a type, which the module descriptor's {@code exports dev.featbit.sdk.config} needs
 * while the package has no public type yet. Never instantiated.
 */
final class PackageMarker {
  private PackageMarker() {}
}
