import { Typography } from '@mui/material';
import type { ReactNode } from 'react';

/** Facts, operators and operands are names and values from the document: shown as code. */
export const mono = { fontFamily: 'monospace' } as const;

export const Caption = ({ children }: { children: ReactNode }) => (
  <Typography variant="caption" color="text.secondary">
    {children}
  </Typography>
);
