"use client";

import { Button } from "@/components/ui/button";

/** Opens the browser's print dialog (the receipt has its own print styles). */
export function PrintButton() {
  return (
    <Button variant="secondary" onClick={() => window.print()} className="print:hidden">
      Print receipt
    </Button>
  );
}
