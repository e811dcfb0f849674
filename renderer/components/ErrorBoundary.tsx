/** Catches a render error of one screen and shows it in words with a retry, so the page never goes blank. */
import { Component, type ReactNode } from 'react';

interface Props {
  /** What failed, e.g. "The Events screen". */
  what: string;
  children: ReactNode;
}

export class ErrorBoundary extends Component<Props, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="error-box" role="alert">
        <strong>{this.props.what} failed to display.</strong>
        <p className="mono">{this.state.error.message}</p>
        <button type="button" className="btn" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
