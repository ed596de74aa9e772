/**
 * {@link dev.featbit.testdata.TestData}: an in-memory data source for tests of code that uses the FeatBit
 * server-side SDK. Flags and segments are built with the test kit's {@link dev.featbit.testkit.TestFlag} and
 * {@link dev.featbit.testkit.TestSegment}, the same builders its embedded server takes.
 *
 * @since 0.1.0
 */
package dev.featbit.testdata;
