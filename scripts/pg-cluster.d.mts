export interface PostgresCluster {
  url: string;
  port: number;
  password: string;
  /** The URL with another password (for the "refused" cases). */
  urlWithPassword(password: string): string;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}
export function postgresBinDir(): string;
export function startPostgres(options?: { durable?: boolean }): Promise<PostgresCluster>;
export function freshSchema(): string;
