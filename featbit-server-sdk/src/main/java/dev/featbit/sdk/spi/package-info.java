/**
 * The service-provider interface: what a custom data source or data store implements to plug into an
 * {@link dev.featbit.sdk.FBClient}. Evaluations always read the client's in-memory snapshot; components here
 * feed it (data sources) or keep its data outside the process (persistent data stores).
 */
package dev.featbit.sdk.spi;
